"""
The scoring layer: :func:`~perftarget.evaluate`, the scorecard values,
reconciliation with what a table published and the budget-execution line.

It imports the core and the rule sets; the public names are re-exported by
:mod:`perftarget`.
"""
