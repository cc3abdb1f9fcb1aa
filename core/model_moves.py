"""Moving a model to another app without touching its table or its rows: its content type changes
app and keeps its id, so the permissions and the audit history that point at it follow."""

from django.db import migrations


def content_type_moves(model: str, old_app: str, new_app: str) -> migrations.RunPython:
    """The migration step giving the content type of `model` (its lower-case name) its new app, and
    back when unapplied."""

    def relabel(source: str, target: str):
        def run(apps, schema_editor):
            content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
            if content_types.filter(app_label=source, model=model).exists():
                # A `migrate accounts` (say) run first made an empty one for the new app: the old one wins.
                content_types.filter(app_label=target, model=model).delete()
                content_types.filter(app_label=source, model=model).update(app_label=target)

        return run

    return migrations.RunPython(relabel(old_app, new_app), relabel(new_app, old_app))
