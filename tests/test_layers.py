"""The import graph flows one way: backend → maps/symbolic/sampling → models → bounds → claims
→ proofs_checks → cli/book, with no cycles between modules."""

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]

#: the layer of each part (an import may only go to the same or a lower layer)
LAYERS = {
    "hoptheory.backend": 0,
    "hoptheory.maps": 1, "hoptheory.symbolic": 1, "hoptheory.sampling": 1,
    "hoptheory.models": 2,
    "hoptheory.bounds": 3,
    "hoptheory.claims": 4,
    "proofs_checks": 5,
    "hoptheory.cli": 6, "hoptheory._derive_cli": 6, "hoptheory.__main__": 6,
}
# a layer-1 part may feed another layer-1 part only in these directions (symbolic feeds models and
# bounds; maps and sampling are independent of each other and of symbolic)
SAME_LAYER_ALLOWED = {
    ("hoptheory.sampling", "hoptheory.maps"),
    ("hoptheory.__main__", "hoptheory.cli"), ("hoptheory.cli", "hoptheory._derive_cli"),
}


def _modules():
    out = {}
    for top in ("hoptheory", "proofs_checks"):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1].startswith("test_"):
                continue
            is_pkg = parts[-1] == "__init__"
            if is_pkg:
                parts = parts[:-1]
            out[".".join(parts)] = (path, is_pkg)
    return out


MODULES = _modules()


def _imports(name, path, is_pkg):
    """Every module imported by ``name`` (module level and inside functions), resolved."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if is_pkg else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            subs = {f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in MODULES}
            found.update(subs)  # `from . import x` imports the module x
            if len(subs) < len(node.names):
                found.add(mod)
    return {m for m in found if m.split(".")[0] in ("hoptheory", "proofs_checks")}


def _part(mod):
    for key in sorted(LAYERS, key=len, reverse=True):
        if mod == key or mod.startswith(key + "."):
            return key
    return None


GRAPH = {name: _imports(name, *info) for name, info in MODULES.items()}


def test_every_module_has_a_layer():
    unplaced = [m for m in MODULES if m not in ("hoptheory", "proofs_checks") and _part(m) is None]
    assert not unplaced, f"modules outside the layer table: {unplaced}"


def test_imports_flow_one_way():
    bad = []
    for src, targets in GRAPH.items():
        ps = _part(src)
        if ps is None:
            continue
        for t in targets:
            pt = _part(t)
            if pt is None or pt == ps:
                continue
            if LAYERS[pt] > LAYERS[ps] or (LAYERS[pt] == LAYERS[ps] and (ps, pt) not in SAME_LAYER_ALLOWED):
                bad.append(f"{src} -> {t}")
    assert not bad, "imports against the flow:\n" + "\n".join(sorted(bad))


def test_no_import_cycles_between_modules():
    # a package's __init__ re-exporting its own submodules is not a cycle of the design; edges
    # from a package to its submodules are left out
    def edges(m):
        return {t for t in GRAPH.get(m, ()) if t in GRAPH and not t.startswith(m + ".")}

    state, stack, cycles = {}, [], []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for t in edges(m):
            if state.get(t) == 1:
                cycles.append(stack[stack.index(t):] + [t])
            elif t not in state:
                visit(t)
        stack.pop()
        state[m] = 2

    for m in sorted(GRAPH):
        if m not in state:
            visit(m)
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles[:10])


@pytest.mark.parametrize("top", ["hoptheory", "proofs_checks"])
def test_no_file_is_longer_than_900_lines(top):
    long = {str(p.relative_to(ROOT)): n for p in (ROOT / top).rglob("*.py")
            if (n := len(p.read_text().splitlines())) > 900}
    assert not long, f"files over 900 lines: {long}"
