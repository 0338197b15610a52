"""
The checking layer: the review of target tables (rules ``PT1xx``) and the audit
of a department's budget disclosure (checks ``PT2xx``).

It imports the core and the rule sets; the public names (:func:`~perftarget.review`,
:func:`~perftarget.audit` …) are re-exported by :mod:`perftarget`.  The folder is
not called ``review`` because ``perftarget.review`` is the public function.
"""
