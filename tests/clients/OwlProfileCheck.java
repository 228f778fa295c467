// Load one OWL file with the OWL API (RDF/XML unless the name ends in .ttl), check it against
// the OWL 2 DL profile and print what a strict reader would complain about, one tagged,
// tab-separated line each, for tests/test_release_clients.py to parse:
//
//   ONTOLOGY <iri> <version iri>     the header the parser found
//   AXIOMS <n> / LOGICAL_AXIOMS <n>  how much it kept; AXIOM_TYPE <type> <n> per kind
//   VIOLATION <type> <text>          every OWL2DLProfile violation
//   UNPARSED <triple>                every triple the RDF parser could not turn into OWL
//   GUESSED <iri> <kind>             every entity the parser had to guess a declaration for
//   PUNNED <iri> <kinds>             an IRI used as more than one kind of entity (a class that
//                                    is also an individual: a class-to-class property assertion)
//   MISSING_IMPORT <iri> <reason>    an owl:imports that could not be loaded
//   ERROR <message>                  the file could not be loaded at all (exit status 2)
//
// A catalog-v001.xml beside the file (as Protege and ROBOT read it) maps import IRIs to
// local files, so that a release whose imports are shipped resolves them offline.
import java.io.File;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.RDFXMLDocumentFormat;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.OWLOntologyLoaderMetaData;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.model.AxiomType;
import org.semanticweb.owlapi.model.IRI;
import org.semanticweb.owlapi.model.MissingImportHandlingStrategy;
import org.semanticweb.owlapi.model.OWLDocumentFormat;
import org.semanticweb.owlapi.model.OWLEntity;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.model.OWLOntologyLoaderConfiguration;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.model.parameters.Imports;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;
import org.semanticweb.owlapi.util.SimpleIRIMapper;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public final class OwlProfileCheck {
    private OwlProfileCheck() {}

    private static String oneLine(Object value) {
        return String.valueOf(value).replace('\t', ' ').replace('\r', ' ').replace('\n', ' ');
    }

    private static void mapCatalog(OWLOntologyManager manager, File catalog) throws Exception {
        if (!catalog.isFile()) {
            return;
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        NodeList uris = factory.newDocumentBuilder().parse(catalog)
                .getElementsByTagNameNS("*", "uri");
        for (int i = 0; i < uris.getLength(); i++) {
            Element uri = (Element) uris.item(i);
            File target = new File(catalog.getParentFile(), uri.getAttribute("uri"));
            manager.getIRIMappers().add(new SimpleIRIMapper(
                    IRI.create(uri.getAttribute("name")), IRI.create(target.getAbsoluteFile())));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: OwlProfileCheck FILE.owl|FILE.ttl");
            System.exit(64);
        }
        File file = new File(args[0]).getAbsoluteFile();
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        mapCatalog(manager, new File(file.getParentFile(), "catalog-v001.xml"));
        manager.addMissingImportListener(event -> System.out.println("MISSING_IMPORT\t"
                + event.getImportedOntologyURI() + "\t"
                + oneLine(event.getCreationException().getMessage())));
        OWLOntologyLoaderConfiguration config = new OWLOntologyLoaderConfiguration()
                .setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT)
                .setConnectionTimeout(10000);
        OWLDocumentFormat hint = file.getName().endsWith(".ttl")
                ? new TurtleDocumentFormat() : new RDFXMLDocumentFormat();
        OWLOntology ontology;
        try {
            ontology = manager.loadOntologyFromOntologyDocument(
                    new FileDocumentSource(file, hint), config);
        } catch (OWLOntologyCreationException e) {
            System.out.println("ERROR\t" + oneLine(e.getMessage()));
            System.exit(2);
            return;
        }
        System.out.println("ONTOLOGY\t"
                + ontology.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("")
                + "\t" + ontology.getOntologyID().getVersionIRI().map(IRI::toString).orElse(""));
        System.out.println("AXIOMS\t" + ontology.getAxiomCount());
        System.out.println("LOGICAL_AXIOMS\t" + ontology.getLogicalAxiomCount());
        Map<String, Integer> byType = new TreeMap<>();
        for (AxiomType<?> type : AxiomType.AXIOM_TYPES) {
            int n = ontology.getAxiomCount(type);
            if (n > 0) {
                byType.put(type.getName(), n);
            }
        }
        byType.forEach((type, n) -> System.out.println("AXIOM_TYPE\t" + type + "\t" + n));
        for (OWLProfileViolation violation : new OWL2DLProfile().checkOntology(ontology)
                .getViolations()) {
            System.out.println("VIOLATION\t" + violation.getClass().getSimpleName() + "\t"
                    + oneLine(violation));
        }
        Map<IRI, TreeSet<String>> kinds = new TreeMap<>();
        ontology.signature(Imports.INCLUDED).forEach((OWLEntity e) -> kinds
                .computeIfAbsent(e.getIRI(), k -> new TreeSet<>()).add(e.getEntityType().getName()));
        kinds.forEach((iri, names) -> {
            if (names.size() > 1) {
                System.out.println("PUNNED\t" + iri + "\t" + String.join("+", names));
            }
        });
        Optional<OWLOntologyLoaderMetaData> meta =
                manager.getOntologyFormat(ontology).getOntologyLoaderMetaData();
        if (meta.isPresent() && meta.get() instanceof RDFParserMetaData) {
            RDFParserMetaData rdf = (RDFParserMetaData) meta.get();
            rdf.getUnparsedTriples().forEach(t -> System.out.println("UNPARSED\t" + oneLine(t)));
            rdf.getGuessedDeclarations().entries().forEach(e -> System.out.println("GUESSED\t"
                    + e.getKey() + "\t" + e.getValue().getSimpleName()));
        }
    }
}
