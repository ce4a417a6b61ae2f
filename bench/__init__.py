"""Speed measurements for the built site (`nox -s bench`): not tests, numbers with ratios."""
