"""Every exception the package defines lives in core.errors, where a reader finds the whole hierarchy."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import iku_helpers
from iku_helpers.core import errors


def test_every_exception_class_of_the_package_is_defined_in_core_errors():
    elsewhere = []
    for info in pkgutil.walk_packages(iku_helpers.__path__, "iku_helpers."):
        if info.name == "iku_helpers.__main__":  # running it is the command itself
            continue
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__ == module.__name__:
                elsewhere += [] if module is errors else [f"{module.__name__}.{name}"]
    assert elsewhere == []


def test_a_value_the_rules_forbid_is_a_usage_error_and_a_folder_that_does_not_fit_a_data_error():
    assert issubclass(errors.InvalidParameterError, errors.UsageError) and errors.InvalidParameterError.exit_code == 2
    assert errors.ParameterError.exit_code == 1
