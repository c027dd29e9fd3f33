"""After adoption: the implementation of the adopted measures, their progress entries, the
roll-up to sub-goals, topics and the concept, and telling people what became of their ideas."""
