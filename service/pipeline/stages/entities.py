"""Named entities as the recogniser finds them: mentions grouped per real-world thing ("Korea
Utara" and "Korut", "Kurt Campbell" and "Campbell"), ordered by first mention.

An internal value: the entity profile stage merges known names into it and profiles each entity,
and that is what the result shows as `entities`. This stage keeps the name "entities" so that
ENRICH_ENTITIES_BACKEND / ENRICH_ENTITIES_MODEL choose the recogniser.
"""

from __future__ import annotations

from service.pipeline.document import BODY, LANGUAGE, NAMED, Entity
from service.pipeline.stage import Backend, Stage

EntityRecognizer = Backend[list[Entity]]

STAGE = Stage(
    name="entities",
    requires=(BODY, LANGUAGE),
    assigns=NAMED,
    field=None,
    backends={
        "builtin": "service.pipeline.backends.builtin.entities.recognizer:CrfEntityRecognizer",
        "transformers": "service.pipeline.backends.hf.entities:TransformersEntityRecognizer",
    },
)
