"""The TBox: HermiT reasoning, materialisation of what it entails, QC checks,
statistics, Java discovery.
"""
