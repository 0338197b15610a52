"""
The core layer: the domain model, units and money, the indicator hierarchy and
its labels, dates, text folding, the message language, findings, the value
parser and the department-budget disclosure model.

Everything here is private to the package; the public names are re-exported
by :mod:`perftarget`.  The core imports nothing from the other layers.
"""
