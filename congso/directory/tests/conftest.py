import shutil
from pathlib import Path

import pytest

#: a tiny copy of the public data's layout (a few provinces, districts and communes)
IMPORT_FIXTURES = Path(__file__).parent / "data"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A copy of the tiny map that a test may spoil."""
    return Path(shutil.copytree(IMPORT_FIXTURES, tmp_path / "data"))
