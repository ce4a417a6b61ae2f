"""``panel serve labs/lab07_frameworks`` runs this: the lab alone, as a student sees it."""

from labs.lab07_frameworks.app import create
from labs.lab07_frameworks.plan import LESSON

create().servable(title=f"Lab {LESSON.number:02d}: {LESSON.title}")
