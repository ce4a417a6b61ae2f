"""``panel serve labs/lab02_ml_systems`` runs this: the lab alone, as a student sees it."""

from labs.lab02_ml_systems.app import create
from labs.lab02_ml_systems.plan import LESSON

create().servable(title=f"Lab {LESSON.number:02d}: {LESSON.title}")
