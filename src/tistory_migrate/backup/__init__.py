"""Reading Tistory's official backup (zip / unpacked folder / legacy XML) and merging it
with the public scrape. ``reader.open_backups`` and ``merge.merge_posts`` are the entry points."""

from tistory_migrate.backup.merge import merge_posts
from tistory_migrate.backup.reader import BackupSet, open_backups

__all__ = ["BackupSet", "merge_posts", "open_backups"]
