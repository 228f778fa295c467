"""The TBox: HermiT reasoning, materialisation of what it entails, QC checks,
statistics, Java discovery, and the OBO/SKOS annotations generated from the edit file.
"""
