"""Semantics: what a clause and the rules between clauses mean, written once.

clause.py states the clause pipeline and cross.py the cross-clause rules (取高不重复, 合计上限), both
against the primitives of backend.py. Backends (backends/exact.py, columnar.py, symbolic.py)
implement primitives only; no backend re-states the order of the steps or the rules.
"""
