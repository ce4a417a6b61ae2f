"""``panel serve labs/lab01_magnitude`` runs this: the lab alone, as a student sees it."""

from labs.lab01_magnitude.app import create
from labs.lab01_magnitude.plan import LESSON

create().servable(title=f"Lab {LESSON.number:02d}: {LESSON.title}")
