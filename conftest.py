pytest_plugins = ["congso.testing.fixtures"]
