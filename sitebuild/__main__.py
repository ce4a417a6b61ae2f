"""python -m sitebuild [OUT]: build the static site (default: _build/site)."""

import argparse
import sys
from pathlib import Path

from . import config
from .build import BuildError, build_site


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m sitebuild", description=__doc__)
    parser.add_argument("out", nargs="?", type=Path, default=config.ROOT / "_build" / "site")
    parser.add_argument("--no-cdn", action="store_true", help="never fetch missing lock wheels from the Pyodide CDN")
    args = parser.parse_args()
    try:
        report = build_site(args.out, allow_cdn=not args.no_cdn)
    except BuildError as err:
        print(f"build failed: {err}", file=sys.stderr)
        return 1
    print(report.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
