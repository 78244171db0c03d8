"""The staging table holds rows between validation and merge only: no WAL needed.

After a crash PostgreSQL empties an unlogged table; the pipeline re-runs from the stored
submission rows or file anyway, so nothing is lost.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("collection", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE collection_stagedrow SET UNLOGGED",
            "ALTER TABLE collection_stagedrow SET LOGGED",
        ),
    ]
