//! The library's cache: each candidate's record and card pictures, keyed by path, size and
//! modification time, in an embedded `SQLite` database in the user's cache folder (never next to
//! the data). Re-indexing reads only files whose size or time changed.
//!
//! A damaged or foreign database is deleted and rebuilt; when even that fails the library runs
//! without a cache (every file is read) and says so. Nothing here is fatal.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::record::ClipRecord;

/// File name of the database inside the cache folder.
pub const DB_NAME: &str = "library.sqlite3";
/// Bumped whenever the table or the record's JSON changes: an older database is rebuilt.
const SCHEMA_VERSION: i64 = 3;

/// The cache folder (see [`super::user_files::cache_dir`]).
#[must_use]
pub fn default_dir() -> Option<PathBuf> {
    super::user_files::cache_dir()
}

/// What the cache holds for one path.
#[derive(Clone, Debug, PartialEq)]
pub struct Cached {
    /// Size when it was read.
    pub size_bytes: u64,
    /// Modification time when it was read, nanoseconds since 1970.
    pub mtime_ns: i64,
    /// The clip, or `None` for a file that is not pose data.
    pub entry: Option<(ClipRecord, Option<Vec<u8>>)>,
}

/// One row to store.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The file or frame folder.
    pub path: PathBuf,
    /// Its size.
    pub size_bytes: u64,
    /// Its modification time.
    pub mtime_ns: i64,
    /// The record, or `None` for a file that is not pose data.
    pub record: Option<ClipRecord>,
    /// Thumbnail PNG.
    pub thumbnail_png: Option<Vec<u8>>,
}

/// An open cache database.
#[derive(Debug)]
pub struct Cache {
    conn: Connection,
}

/// The opened cache and, when it had to be rebuilt or could not be used, a note for the user.
#[derive(Debug)]
pub struct Opened {
    /// The cache (`None`: running without one).
    pub cache: Option<Cache>,
    /// What happened, e.g. "the cache was damaged and has been rebuilt".
    pub notice: Option<String>,
}

fn prepare(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version != SCHEMA_VERSION {
        conn.execute_batch("DROP TABLE IF EXISTS clips; DROP TABLE IF EXISTS previews;")?;
    }
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = NORMAL;
         CREATE TABLE IF NOT EXISTS clips (
             path TEXT PRIMARY KEY NOT NULL,
             size INTEGER NOT NULL,
             mtime_ns INTEGER NOT NULL,
             record TEXT,
             thumb BLOB
         );
         CREATE TABLE IF NOT EXISTS previews (
             path TEXT PRIMARY KEY NOT NULL,
             size INTEGER NOT NULL,
             mtime_ns INTEGER NOT NULL,
             png BLOB NOT NULL
         );
         PRAGMA user_version = {SCHEMA_VERSION};"
    ))?;
    // A damaged file fails here (`file is not a database`); damage deeper in the file shows
    // when the rows are read, and the indexer rebuilds the cache then.
    conn.query_row("SELECT count(*) FROM clips", [], |r| r.get::<_, i64>(0))?;
    Ok(())
}

/// Deletes the database at `path` (and its journal files).
pub fn remove_db(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

impl Cache {
    /// Opens (or creates) the database at `path`, rebuilding it when damaged.
    #[must_use]
    pub fn open(path: &Path) -> Opened {
        if let Some(dir) = path.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            return Opened {
                cache: None,
                notice: Some(format!(
                    "No clip cache ({}: {e}); every file is read.",
                    dir.display()
                )),
            };
        }
        let first = Connection::open(path).and_then(|conn| prepare(&conn).map(|()| conn));
        match first {
            Ok(conn) => Opened {
                cache: Some(Self { conn }),
                notice: None,
            },
            Err(first_error) => {
                remove_db(path);
                match Connection::open(path).and_then(|conn| prepare(&conn).map(|()| conn)) {
                    Ok(conn) => Opened {
                        cache: Some(Self { conn }),
                        notice: Some(format!(
                            "The clip cache {} was damaged ({first_error}) and has been rebuilt.",
                            path.display()
                        )),
                    },
                    Err(e) => Opened {
                        cache: None,
                        notice: Some(format!(
                            "No clip cache ({}: {e}); every file is read.",
                            path.display()
                        )),
                    },
                }
            }
        }
    }

    /// Everything cached for paths under `root` (thumbnails included, previews not).
    ///
    /// # Errors
    /// When the database cannot be read.
    pub fn load_under(&self, root: &Path) -> rusqlite::Result<HashMap<PathBuf, Cached>> {
        let (low, high) = prefix_bounds(root);
        // A plain range on the primary key: SQLite reads only the rows under `root`.
        let mut statement = self.conn.prepare(
            "SELECT path, size, mtime_ns, record, thumb FROM clips \
             WHERE path >= ?1 AND path < ?2",
        )?;
        let rows = statement.query_map(params![low, high], |r| {
            let path: String = r.get(0)?;
            let size: i64 = r.get(1)?;
            let mtime_ns: i64 = r.get(2)?;
            let record: Option<String> = r.get(3)?;
            let thumb: Option<Vec<u8>> = r.get(4)?;
            Ok((path, size, mtime_ns, record, thumb))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (path, size, mtime_ns, record, thumb) = row?;
            // A record that no longer parses counts as not cached.
            let entry = match record {
                None => None,
                Some(json) => match serde_json::from_str::<ClipRecord>(&json) {
                    Ok(record) => Some((record, thumb)),
                    Err(_) => continue,
                },
            };
            out.insert(
                PathBuf::from(path),
                Cached {
                    size_bytes: size as u64,
                    mtime_ns,
                    entry,
                },
            );
        }
        Ok(out)
    }

    /// Stores `rows` in one transaction (replacing older rows of the same paths).
    ///
    /// # Errors
    /// When the database cannot be written.
    pub fn store(&mut self, rows: &[Row]) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare(
                "INSERT OR REPLACE INTO clips (path, size, mtime_ns, record, thumb) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for row in rows {
                let record = row
                    .record
                    .as_ref()
                    .and_then(|r| serde_json::to_string(r).ok());
                insert.execute(params![
                    row.path.to_string_lossy(),
                    row.size_bytes as i64,
                    row.mtime_ns,
                    record,
                    row.thumbnail_png,
                ])?;
            }
        }
        tx.commit()
    }

    /// Forgets `paths` (files that are gone).
    ///
    /// # Errors
    /// When the database cannot be written.
    pub fn forget(&mut self, paths: &[PathBuf]) -> rusqlite::Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut delete = tx.prepare("DELETE FROM clips WHERE path = ?1")?;
            let mut preview = tx.prepare("DELETE FROM previews WHERE path = ?1")?;
            for path in paths {
                delete.execute(params![path.to_string_lossy()])?;
                preview.execute(params![path.to_string_lossy()])?;
            }
        }
        tx.commit()
    }

    /// The preview strip of `path`, if one was drawn for this size and modification time.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub fn preview(
        &self,
        path: &Path,
        size_bytes: u64,
        mtime_ns: i64,
    ) -> rusqlite::Result<Option<Vec<u8>>> {
        self.conn
            .query_row(
                "SELECT png FROM previews WHERE path = ?1 AND size = ?2 AND mtime_ns = ?3",
                params![path.to_string_lossy(), size_bytes as i64, mtime_ns],
                |r| r.get::<_, Vec<u8>>(0),
            )
            .optional()
    }

    /// The size and modification time the cache has for `path`.
    ///
    /// # Errors
    /// When the database cannot be read.
    pub fn key_of(&self, path: &Path) -> rusqlite::Result<Option<(u64, i64)>> {
        self.conn
            .query_row(
                "SELECT size, mtime_ns FROM clips WHERE path = ?1",
                params![path.to_string_lossy()],
                |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)?)),
            )
            .optional()
    }

    /// Stores the preview strip of `path` (as it was at `size_bytes`, `mtime_ns`).
    ///
    /// # Errors
    /// When the database cannot be written.
    pub fn store_preview(
        &self,
        path: &Path,
        size_bytes: u64,
        mtime_ns: i64,
        png: &[u8],
    ) -> rusqlite::Result<()> {
        self.conn
            .execute(
                "INSERT OR REPLACE INTO previews (path, size, mtime_ns, png) VALUES (?1, ?2, ?3, ?4)",
                params![path.to_string_lossy(), size_bytes as i64, mtime_ns, png],
            )
            .map(|_| ())
    }
}

/// Text bounds of the paths strictly inside `root`: `root/` up to (not including) `root0`
/// (`0` is the character after `/`).
fn prefix_bounds(root: &Path) -> (String, String) {
    let text = root.to_string_lossy();
    let base = text.trim_end_matches('/');
    (format!("{base}/"), format!("{base}0"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::record::Status;

    fn row(path: &str, size: u64) -> Row {
        let record = ClipRecord::new(
            Path::new("/data"),
            Path::new(path),
            size,
            None,
            Status::Failed("bad".into()),
        );
        Row {
            path: PathBuf::from(path),
            size_bytes: size,
            mtime_ns: 7,
            record: Some(record),
            thumbnail_png: Some(vec![1, 2]),
        }
    }

    #[test]
    fn stores_and_loads_rows_under_a_folder_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("c").join(DB_NAME);
        let mut cache = Cache::open(&db).cache.unwrap();
        cache
            .store(&[
                row("/data/a.bvh", 10),
                row("/data/sub/b.bvh", 20),
                row("/database/c.bvh", 1),
            ])
            .unwrap();
        let under = cache.load_under(Path::new("/data")).unwrap();
        assert_eq!(under.len(), 2);
        let a = &under[Path::new("/data/a.bvh")];
        assert_eq!((a.size_bytes, a.mtime_ns), (10, 7));
        assert_eq!(a.entry.as_ref().unwrap().1.as_deref(), Some(&[1, 2][..]));
        let a_path = Path::new("/data/a.bvh");
        assert_eq!(cache.key_of(a_path).unwrap(), Some((10, 7)));
        assert_eq!(cache.preview(a_path, 10, 7).unwrap(), None);
        cache.store_preview(a_path, 10, 7, &[3]).unwrap();
        assert_eq!(cache.preview(a_path, 10, 7).unwrap(), Some(vec![3]));
        // A preview of an older version of the file is not used.
        assert_eq!(cache.preview(a_path, 11, 7).unwrap(), None);
        cache.forget(&[PathBuf::from("/data/a.bvh")]).unwrap();
        assert_eq!(cache.load_under(Path::new("/data")).unwrap().len(), 1);
        drop(cache);
        // Reopening keeps the rows.
        let cache = Cache::open(&db).cache.unwrap();
        assert_eq!(cache.load_under(Path::new("/data/")).unwrap().len(), 1);
    }

    #[test]
    fn a_damaged_database_is_rebuilt_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join(DB_NAME);
        std::fs::write(&db, vec![0x5a_u8; 8192]).unwrap();
        let opened = Cache::open(&db);
        let cache = opened.cache.expect("rebuilt");
        assert!(opened.notice.unwrap().contains("rebuilt"));
        assert!(cache.load_under(Path::new("/x")).unwrap().is_empty());
    }
}
