"""PLOVER event coding, in steps: detection -> roles -> status -> fatalities -> merge (see docs/events.md).

``eventwire.events.extract`` runs them; each module here is one step and works on ``EventMention``s.
"""

from .mention import EventMention

__all__ = ["EventMention"]
