"""Attack tests for the privacy, withdrawal, content-safety and input promises.

Every case either expects a refusal that names the source file, line and column,
or a build whose every output, read back here with this folder's own readers
(`readers.py`), holds no variant of any private string.
"""
