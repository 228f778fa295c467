"""Write data/mappings/absent/icd10pcs.tsv: the procedure classes with no single ICD-10-PCS code.

A NAPO procedure class has one PCS code only when its axes fix every character: body part,
approach, root operation. For each procedure class without a row in icd10pcs.sssom.tsv, this
asks the PCS coder (napo.vocabularies.pcs, the code behind `napo pcs`) to code it with no
options; the coder's own answer — which axes the class leaves open, or that PCS codes it
outside the Medical and Surgical section — is the recorded reason. A class the coder codes
without options is printed as a mapping candidate instead, never written as absent.

    python scripts/absent_icd10pcs.py
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from rdflib.namespace import RDFS

from napo.core.errors import NapoError
from napo.core.namespaces import NAPO, compact
from napo.stores.cache import built
from napo.vocabularies.coverage import ABSENT_COLUMNS, absent_path
from napo.vocabularies.icd10pcs import Icd10PcsRelease
from napo.vocabularies.mappings import read_all
from napo.vocabularies.pcs import PcsCoder


def main() -> None:
    graph = built().graph
    release = Icd10PcsRelease()
    coder = PcsCoder(graph, release)
    mapped = {m.subject_id for s in read_all() if s.vocabulary == "icd10pcs" for m in s.mappings}
    rows, candidates = [], []
    for cls in sorted(graph.subjects(RDFS.subClassOf, NAPO.Procedure)):
        curie = compact(str(cls))
        if not curie.startswith("napo:") or curie in mapped or cls == NAPO.Procedure:
            continue
        label = str(graph.value(cls, RDFS.label))
        try:
            code = coder.code(cls)
        except NapoError as error:
            reason = " ".join(error.message.split())
            rows.append((curie, label, release.version, f"no single code: {reason}"))
        else:
            candidates.append(f"{curie}\t{code.code}\t{code.title}")
    path: Path = absent_path("icd10pcs")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(ABSENT_COLUMNS)
        writer.writerows(rows)
    print(f"wrote {len(rows)} classes to {path}")
    if candidates:
        print("coded without options (map them instead):", *candidates, sep="\n", file=sys.stderr)


if __name__ == "__main__":
    main()
