"""What the pre-commit hooks need beyond the plain commands.

- :mod:`textkeep.hooks.findings`: the problems ``textkeep fix --check`` lists, one per file
  and line, in the ``path:line:column: message`` form editors and grep understand.
- :mod:`textkeep.hooks.staged`: which files under raw/ a commit adds, alters or removes,
  read from git, for ``textkeep archive --staged``.
- :mod:`textkeep.hooks.install`: the plain ``.git/hooks/pre-commit`` script written by
  ``textkeep install-hook`` for people who do not use the pre-commit framework.

Nothing here is imported by ``import textkeep``: the hooks run on every commit and start-up
time is what people notice.
"""
