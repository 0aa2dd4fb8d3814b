"""Build script for the optional C kernels of the name taggers (everything else is in
pyproject.toml).  ``optional=True``: without a C compiler the package installs without them and
rasd runs its NumPy code instead (``rasd.ner.kernels.AVAILABLE`` tells which)."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("rasd.ner._kernels", ["rasd/ner/_kernels.c"], optional=True,
                             extra_compile_args=["-O3", "-fno-math-errno", "-ffinite-math-only", "-fno-signed-zeros"])])
