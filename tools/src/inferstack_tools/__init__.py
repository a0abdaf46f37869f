"""Developer tooling, one subpackage per purpose.

- :mod:`inferstack_tools.launcher`: runs the stack locally (Triton, the gateway, the UI): what
  ``./dev stack``, ``./dev triton``, the benchmarks and the test fixtures start.
- :mod:`inferstack_tools.builds`: reproducible builds of the models in ``model_repository/``.
- :mod:`inferstack_tools.codegen`: the generated files (OpenAPI document, typed client, v2
  schema models) and the API compatibility check.
"""
