"""pulje's own version, as reports and manifests record it."""

from importlib.metadata import PackageNotFoundError, version


def pulje_version() -> str:
    try:
        return version("pulje")
    except PackageNotFoundError:  # run from a checkout without installing
        return "0.0.0+checkout"
