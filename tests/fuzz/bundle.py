"""Fuzz inputs as files, shared by make_inputs.py and replay.py: the rule of
fuzz_files.h (a scenario, then "#@file NAME" lines each starting a file it
may include), in both directions."""
import os
import re

MARKER = b"#@file "
MAX_FILES = 8
_COMPONENT = rb"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}"
_NAME = re.compile(rb"(" + _COMPONENT + rb"(?:/" + _COMPONENT + rb")?)(?:\n|$)")


def _marker_name(data, at):
    """The name of a marker line starting at `at`, or None."""
    if not data.startswith(MARKER, at):
        return None
    m = _NAME.match(data, at + len(MARKER))
    if not m or m.group(1) == b"main.yaml":
        return None
    return m.group(1)


def _next_marker(data, pos):
    line = pos
    while line < len(data):
        name = _marker_name(data, line)
        if name is not None:
            return line, name
        nl = data.find(b"\n", line)
        line = nl + 1 if nl >= 0 else len(data)
    return len(data), None


def split(data):
    """[(name, bytes)], the scenario first as main.yaml."""
    mark, name = _next_marker(data, 0)
    files = [(b"main.yaml", data[:mark])]
    while mark < len(data):
        text = mark + len(MARKER) + len(name)
        text += text < len(data)
        this = name
        if len(files) < MAX_FILES:
            mark, name = _next_marker(data, text)
        else:
            mark = len(data)
        files.append((this, data[text:mark]))
    return files


def write(data, directory):
    """Writes the files as fuzz_files.c does (one it cannot write is left
    out); returns the scenario's path."""
    for name, text in split(data):
        path = os.path.join(directory, name.decode())
        if b"/" in name:
            try:
                os.mkdir(os.path.dirname(path), 0o700)
            except OSError:
                pass
        try:
            with open(path, "wb") as f:
                f.write(text)
        except OSError:
            pass
    return os.path.join(directory, "main.yaml")


_INCLUDE = re.compile(rb"include:\s*(\[[^\]]*\]|[^\s,}#\]]+)")


def bundle(path):
    """A scenario file with the files it includes, as one input; None when
    an included file lies outside its directory or one below it."""
    top = os.path.dirname(os.path.abspath(path))
    with open(path, "rb") as f:
        data = f.read()
    seen, todo, parts = set(), [(path, data)], []
    while todo:
        at, text = todo.pop(0)
        for m in _INCLUDE.finditer(text):
            for name in re.split(rb"[\[\],\s]+", m.group(1)):
                if not name:
                    continue
                full = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(at)),
                                                     name.decode(errors="replace")))
                rel = os.path.relpath(full, top).encode()
                if rel.startswith(b"..") or rel.count(b"/") > 1 or not os.path.isfile(full):
                    if os.path.isfile(full):
                        return None
                    continue
                if rel in seen:
                    continue
                seen.add(rel)
                with open(full, "rb") as f:
                    inc = f.read()
                parts.append(MARKER + rel + b"\n" + inc)
                todo.append((full, inc))
    for p in parts:
        data += (b"" if data.endswith(b"\n") else b"\n") + p
    return data
