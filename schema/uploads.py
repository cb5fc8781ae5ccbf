"""Files of a GraphQL multipart request, put where its ``map`` says; a path to no
placeholder is ``MALFORMED_BODY``, and no message echoes a path or file name."""

from collections.abc import Mapping
from typing import Any

from domain.errors import DomainError, ErrorCode

MAP_SHAPE_MESSAGE = "The multipart map must be a JSON object of file names to lists of paths."
MISSING_FILE_MESSAGE = "The multipart map names a file the request does not hold."
BAD_PATH_MESSAGE = "A path of the multipart map does not lead to a value of the operations."


def attach_files(
    *, operations: dict[str, Any], files_map: object, files: Mapping[str, object]
) -> dict[str, Any]:
    if not isinstance(files_map, dict):
        raise _malformed(MAP_SHAPE_MESSAGE)
    for name, paths in files_map.items():
        if not isinstance(paths, list) or not all(isinstance(path, str) for path in paths):
            raise _malformed(MAP_SHAPE_MESSAGE)
        if name not in files:
            raise _malformed(MISSING_FILE_MESSAGE)
        for path in paths:
            _place(operations, keys=path.split("."), value=files[name])
    return operations


def _place(operations: dict[str, Any], *, keys: list[str], value: object) -> None:
    *parents, last = keys
    target: object = operations
    for key in parents:
        target = _child(target, key)
    if isinstance(target, dict) and last in target:
        target[last] = value
    elif isinstance(target, list):
        target[_index(target, last)] = value
    else:
        raise _malformed(BAD_PATH_MESSAGE)


def _child(container: object, key: str) -> object:
    if isinstance(container, dict) and key in container:
        return container[key]
    if isinstance(container, list):
        return container[_index(container, key)]
    raise _malformed(BAD_PATH_MESSAGE)


def _index(items: list[Any], key: str) -> int:
    if key.isascii() and key.isdecimal() and len(key) < 10 and int(key) < len(items):
        return int(key)
    raise _malformed(BAD_PATH_MESSAGE)


def _malformed(message: str) -> DomainError:
    return DomainError.single(ErrorCode.MALFORMED_BODY, message)
