"""The pool folders (``<pool>/pool.yaml`` and the Word template): data, no code. Installed as
the package ``pulje.templates``, so pulje finds them through importlib.resources."""
