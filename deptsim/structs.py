"""The numba StructRef type that the compiled code's bundles (Casework, Rules, Generators) share.

A StructRef is handed to compiled functions by reference, a pointer, where a tuple of the same
fields would be unpacked at every call (docs/performance.md).
"""

from numba.core import types


class FieldsType(types.StructRef):
    """A StructRef whose fields are typed by their values, literals widened (a 0.5 is any float)."""

    def preprocess_fields(self, fields):
        return tuple((name, types.unliteral(typ)) for name, typ in fields)
