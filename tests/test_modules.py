"""The package's modules bind each top-level name once.

A second binding of a module-level name (a pattern, a function) silently replaces the first for
every use after it, including the first one's callers elsewhere in the module: a new regex named
like an older one once changed YIELDS in documents unrelated to it. Linters flag a name
redefined while unused, not one the module used before binding it again.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kg

PACKAGE = Path(kg.__file__).parent


def _top_level_names(tree: ast.Module) -> list[tuple[str, int]]:
    found = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = [t for target in node.targets for t in (target.elts if isinstance(target, ast.Tuple) else [target])]
            found += [(t.id, node.lineno) for t in targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
            found.append((node.target.id, node.lineno))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.append((node.name, node.lineno))
    return found


def test_no_module_binds_a_top_level_name_twice():
    twice = []
    for path in sorted(PACKAGE.rglob("*.py")):
        seen: dict[str, int] = {}
        for name, line in _top_level_names(ast.parse(path.read_text("utf-8"))):
            if name in seen and name != "__all__":
                twice.append(f"{path.relative_to(PACKAGE)}: {name} at lines {seen[name]} and {line}")
            seen.setdefault(name, line)
    assert twice == []
