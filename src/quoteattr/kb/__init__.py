from .people import KnowledgeBase, Person, Role

__all__ = ["KnowledgeBase", "Person", "Role"]
