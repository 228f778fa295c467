"""Expected answers of the comparative and ranking questions (issue 13).

Written from data/curated.ttl, the claims and the class hierarchy in ontology/napo.ttl (the
reasoning is in each comment), not by running the queries. The defaults of each question are
the ones its header gives; engine agreement is tested in test_queries and test_servers.
"""

from __future__ import annotations

import json

from typer.testing import CliRunner

from napo.cli import app

from .answers import ask, column, local, names


def test_compare_procedures_three_percutaneous_trigeminal_techniques(store) -> None:
    rows = ask(store, "compare_procedures")
    sharing = {(kind, obj): share for kind, obj, share in zip(
        column(rows, "kindLabel"), names(column(rows, "object")), column(rows, "sharing"),
        strict=True)}
    # All three are percutaneous, under fluoroscopy, destroy the trigeminal sensory root and
    # treat trigeminal neuralgia (and so the broader neuralgia and neuropathic pain).
    for kind, obj in [("access association", "PercutaneousAccess"),
                      ("guidance association", "FluoroscopicGuidance"),
                      ("method association", "Destruction"),
                      ("target association", "TrigeminalSensoryRoot"),
                      ("indication association", "TrigeminalNeuralgia"),
                      ("indication association", "NeuropathicPain"),
                      ("complication association", "AnaesthesiaDolorosa"),
                      ("complication association", "SensoryComplication")]:
        assert sharing[kind, obj] == "all", (kind, obj)
    # Glycerol counts as a neurolytic chemical agent, for glycerol rhizotomy only; masticatory
    # weakness is RF's and balloon's (a motor complication of two of the three).
    assert sharing["modality association", "Glycerol"] == "only percutaneous glycerol rhizotomy"
    assert sharing["modality association", "ChemicalAgent"] == sharing[
        "modality association", "Glycerol"]
    assert sharing["complication association", "MotorComplication"] == "some"
    assert sharing["anaesthesia association", "GeneralAnaesthesia"] == (
        "only percutaneous balloon compression of the trigeminal root")
    assert set(column(rows, "chosen")) == {"3"}


def test_association_sources_guidance_for_rhizotomy_and_tractotomy(store) -> None:
    rows = ask(store, "association_sources")
    claimed = {(about, source) for about, layer, source in zip(
        column(rows, "aboutLabel"), column(rows, "layerLabel"), column(rows, "source"),
        strict=True) if layer == "source claim"}
    # 004 says percutaneous rhizotomy is done under fluoroscopy, 003 that SDR uses it to find
    # the level, 002 that tractotomy uses image-guided navigation.
    assert claimed == {("percutaneous rhizotomy", "s004"), ("selective dorsal rhizotomy", "s003"),
                       ("tractotomy", "s002")}
    # Narrower procedures are included: percutaneous cervical cordotomy is a tractotomy.
    assert ("tractotomy", "percutaneous cervical cordotomy") in set(zip(
        column(rows, "procedureLabel"), column(rows, "aboutLabel"), strict=True))
    curated = [e for e, layer in zip(column(rows, "evidence"), column(rows, "layerLabel"),
                                     strict=True) if layer == "curated assertion"]
    assert curated and all(curated)  # every curated row carries its evidence level


def test_group_complications_motor(store) -> None:
    rows = ask(store, "group_complications")
    pairs = set(zip(column(rows, "procedureLabel"), column(rows, "complicationLabel"),
                    column(rows, "layerLabel"), strict=True))
    # Weakness after DREZ, SDR and cordotomy, masticatory weakness after balloon compression,
    # ataxia after cordotomy (curated); 003's claim that SDR can paralyse (a motor complication).
    assert pairs == {
        ("dorsal root entry zone lesioning", "muscle weakness", "curated assertion"),
        ("percutaneous balloon compression of the trigeminal root", "masticatory muscle weakness",
         "curated assertion"),
        ("percutaneous cervical cordotomy", "ataxia", "curated assertion"),
        ("percutaneous cervical cordotomy", "muscle weakness", "curated assertion"),
        ("selective dorsal rhizotomy", "muscle weakness", "curated assertion"),
        ("selective dorsal rhizotomy", "paralysis", "source claim")}


def test_procedure_sources_through_the_hierarchy(store) -> None:
    rows = ask(store, "procedure_sources")
    pairs = set(zip(names(column(rows, "procedures")), names(column(rows, "source")), strict=True))
    # 000 is about neurotomy, 001 about rhizotomy, 003 about SDR (a rhizotomy), 004 about
    # percutaneous rhizotomy, 002 about tractotomy and cordotomy (a tractotomy).
    assert pairs == {("Neurotomy", "s000"), ("Rhizotomy", "s001"), ("Rhizotomy", "s003"),
                     ("Rhizotomy", "s004"), ("Tractotomy", "s002"), ("Cordotomy", "s002")}
    reliability = dict(zip(names(column(rows, "source")), column(rows, "reliability"),
                           strict=False))
    assert reliability["s000"] == reliability["s003"] == "low reliability"


def test_rank_centrality(store) -> None:
    rows = ask(store, "rank_centrality")
    rank = dict(zip(names(column(rows, "procedures")), map(int, column(rows, "rank")),
                    strict=True))
    ranks = [int(r) for r in column(rows, "rank")]
    assert ranks == sorted(ranks, reverse=True)
    # Cingulotomy lesions the cingulate cortex (forebrain); cordotomy the spinothalamic tract and
    # SCS the dorsal columns (spinal cord); the trigeminal procedures, MVD and SDR act on roots;
    # medial branch neurotomy on a peripheral nerve branch.
    assert rank["Cingulotomy"] == 5
    assert rank["OpenCordotomy"] == rank["PercutaneousCervicalCordotomy"] == 3
    assert rank["SpinalCordStimulation"] == 3
    assert rank["MicrovascularDecompression"] == rank["SelectiveDorsalRhizotomy"] == 2
    assert rank["RadiosurgicalTrigeminalRhizotomy"] == 2
    assert rank["MedialBranchRadiofrequencyNeurotomy"] == 1


def test_rank_invasiveness(store) -> None:
    rows = ask(store, "rank_invasiveness")
    access = dict(zip(names(column(rows, "procedures")), map(int, column(rows, "maxAccessRank")),
                      strict=True))
    method = dict(zip(names(column(rows, "procedures")), map(int, column(rows, "maxMethodRank")),
                      strict=True))
    # Radiosurgery needs no incision (0); the percutaneous techniques 1; cingulotomy a burr hole
    # (2); open cordotomy, SDR and MVD an open exposure (3). Division ranks above destruction;
    # MVD, SCS and intrathecal delivery destroy nothing (0).
    assert access["RadiosurgicalTrigeminalRhizotomy"] == 0
    assert access["PercutaneousCervicalCordotomy"] == access["PercutaneousBalloonCompression"] == 1
    assert access["Cingulotomy"] == 2
    assert access["OpenCordotomy"] == access["SelectiveDorsalRhizotomy"] == 3
    assert method["OpenCordotomy"] == 2 and method["PercutaneousCervicalCordotomy"] == 1
    assert method["MicrovascularDecompression"] == method["SpinalCordStimulation"] == 0
    assert names(column(rows, "procedures"))[-1] == "RadiosurgicalTrigeminalRhizotomy"


def test_rank_relief_duration(store) -> None:
    rows = ask(store, "rank_relief_duration")
    months = {p: (float(low), float(high)) for p, low, high in zip(
        names(column(rows, "procedures")), column(rows, "minMonths"), column(rows, "maxMonths"),
        strict=True)}
    # MVD gives the longest relief (years to a decade); RF medial branch neurotomy 6-12 months;
    # percutaneous cordotomy, chosen for cancer pain, 3-12 months.
    assert names(column(rows, "procedures"))[0] == "MicrovascularDecompression"
    assert months["MicrovascularDecompression"] == (60.0, 120.0)
    assert months["MedialBranchRadiofrequencyNeurotomy"] == (6.0, 12.0)
    assert months["PercutaneousCervicalCordotomy"] == (3.0, 12.0)
    assert months["PercutaneousBalloonCompression"] == (12.0, 36.0)


def test_rank_serious_complications(store) -> None:
    rows = ask(store, "rank_serious_complications")
    count = dict(zip(names(column(rows, "procedures")), map(int, column(rows, "serious")),
                     strict=True))
    # MVD: death, stroke and cerebellar injury; RF trigeminal rhizotomy: anaesthesia dolorosa
    # and keratitis; cordotomy: central respiratory dysfunction. Medial branch neurotomy has no
    # serious complication and so no row.
    assert names(column(rows, "procedures"))[0] == "MicrovascularDecompression"
    assert count["MicrovascularDecompression"] == 3
    assert count["PercutaneousRadiofrequencyTrigeminalRhizotomy"] == 2
    assert count["PercutaneousCervicalCordotomy"] == 1
    assert "MedialBranchRadiofrequencyNeurotomy" not in count


def test_shared_conditions(store) -> None:
    rows = ask(store, "shared_conditions")
    holders = dict(zip(names(column(rows, "object")), map(int, column(rows, "holders")),
                       strict=True))
    # Cordotomy, myelotomy, mesencephalic tractotomy, coeliac plexus neurolysis and intrathecal
    # delivery all treat cancer pain; DREZ and SCS treat neuropathic pain.
    assert holders == {"CancerPain": 5, "NeuropathicPain": 2}
    assert local(column(rows, "object")) == {"CancerPain", "NeuropathicPain"}


def _compare(*args: str) -> list[dict]:
    result = CliRunner().invoke(app, ["compare", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_compare_three_procedures_side_by_side() -> None:
    rows = _compare("percutaneous cervical cordotomy", "DREZotomy", "spinal cord stimulation")
    cell = {(r["kind"], r["object"]): r for r in rows}
    cordotomy, drez, scs = ("percutaneous cervical cordotomy", "dorsal root entry zone lesioning",
                            "spinal cord stimulation")
    # Every cell carries its qualifiers: cordotomy's relief lasts 3-12 months (case series); a
    # bleeding disorder contraindicates all three; SCS destroys nothing.
    assert cell["outcome", "pain relief"][cordotomy] == "yes (3-12 months; case series)"
    assert cell["contraindication", "bleeding disorder or anticoagulation"]["shared"] == "all"
    assert cell["method", "destruction"][scs] == "-"
    # Through the hierarchy: both lesions cause a motor complication, through different members.
    assert cell["complication", "motor complication"]["shared"] == "2 of 3"
    assert cell["complication", "motor complication"][cordotomy].startswith("yes, as ")
    assert cell["indication", "neuropathic pain"][drez] == "yes, as brachial plexus avulsion pain"


def test_cli_compare_layers() -> None:
    # 002 claims tractotomy treats phantom limb pain; the curated layer says it does not.
    claims = _compare("tractotomy", "cordotomy", "--layer", "claims")
    curated = _compare("tractotomy", "cordotomy", "--layer", "curated")
    claimed = {r["object"]: r["tractotomy"] for r in claims if r["kind"] == "indication"}
    assert claimed["phantom limb pain"] == "yes (claimed: s002)"
    negated = {r["object"]: r for r in curated if r["shared"] == "negated"}
    assert negated["phantom limb pain"]["tractotomy"].startswith("no (")
    bad = CliRunner().invoke(app, ["compare", "tractotomy", "cordotomy", "--layer", "both"])
    assert bad.exit_code == 2 and "claims|curated|all" in bad.output
