"""``panel serve labs/lab05_nn_compute`` runs this: the lab alone, as a student sees it."""

from labs.lab05_nn_compute.app import create
from labs.lab05_nn_compute.plan import LESSON

create().servable(title=f"Lab {LESSON.number:02d}: {LESSON.title}")
