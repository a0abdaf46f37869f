"""`python -m inferstack_tools.codegen generate|check|compat`: regenerate; prove nothing drifted;
prove the API has no breaking change without a version bump."""

from __future__ import annotations

import argparse
import filecmp
import shutil
import tempfile
from pathlib import Path

from inferstack_tools.codegen.artifacts import ARTIFACTS, OPENAPI, Artifact
from inferstack_tools.codegen.compat import breaking_changes, committed_versions, version_bumped

REPO_ROOT = Path(__file__).resolve().parents[4]
FIX = "./dev generate"


def _files(root: Path, output: Path) -> set[Path]:
    """Paths relative to `root` of the files an output covers."""
    path = root / output
    if path.is_file():
        return {output}
    if path.is_dir():
        return {
            p.relative_to(root)
            for p in path.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }
    return set()


def _render(artifacts: tuple[Artifact, ...], into: Path) -> None:
    for artifact in artifacts:
        artifact.generate(REPO_ROOT, into)


def _install(artifact: Artifact, fresh: Path) -> None:
    """Replace the artifact's outputs in the repository with the fresh ones."""
    for output in artifact.outputs:
        target = REPO_ROOT / output
        if target.is_dir():
            shutil.rmtree(target)
        source = fresh / output
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def generate() -> int:
    """Each artifact in order, installed before the next runs (later ones build on earlier)."""
    for artifact in ARTIFACTS:
        with tempfile.TemporaryDirectory() as tmp:
            artifact.generate(REPO_ROOT, Path(tmp))
            _install(artifact, Path(tmp))
        print(f"generated {artifact.name}: {', '.join(map(str, artifact.outputs))}")
    return 0


def check() -> int:
    drift: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        _render(ARTIFACTS, fresh)
        for artifact in ARTIFACTS:
            for output in artifact.outputs:
                expected = _files(fresh, output)
                committed = _files(REPO_ROOT, output)
                drift += [f"missing  {p}" for p in sorted(expected - committed)]
                drift += [f"extra    {p}" for p in sorted(committed - expected)]
                drift += [
                    f"differs  {p}"
                    for p in sorted(expected & committed)
                    if not filecmp.cmp(fresh / p, REPO_ROOT / p, shallow=False)
                ]
    if drift:
        print("Generated files are out of date:")
        print("\n".join(f"  {line}" for line in drift))
        print(f"Regenerate them with `{FIX}` and commit the result (never edit them by hand).")
        return 1
    print(f"Generated files are up to date ({len(ARTIFACTS)} artifacts).")
    return 0


def compat() -> int:
    versions = committed_versions(REPO_ROOT, OPENAPI)
    if versions is None:
        print(f"No earlier committed {OPENAPI} to compare with.")
        return 0
    old, new = versions
    changes = breaking_changes(old, new)
    if not changes:
        print(f"{OPENAPI}: no breaking change against its previous committed version.")
        return 0
    listing = "\n".join(f"  {change}" for change in changes)
    if version_bumped(old, new):
        print(f"Breaking changes, allowed by the API version bump:\n{listing}")
        return 0
    print(f"Breaking API changes without an API version bump:\n{listing}")
    print("Keep the API compatible, or bump inferstack_gateway.__version__ (major; minor in 0.x).")
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="inferstack-codegen", description=__doc__)
    parser.add_argument("command", choices=["generate", "check", "compat"])
    args = parser.parse_args(argv)
    commands = {"generate": generate, "check": check, "compat": compat}
    return commands[args.command]()
