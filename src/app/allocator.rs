//! The viewer's threads share as many malloc arenas as there are cores. glibc otherwise gives
//! threads up to eight arenas per core; a clip's chunks are built on the parsing threads, and
//! memory freed between them in an extra arena stays resident. Measured on the one-hour
//! OpenPose folder of issue 10 (peak RSS once the clip is whole, 24 runs each): 95 to 101 MB
//! either way, but about one run in twenty reached 118 to 121 MB with glibc's default and none
//! did with arenas shared; the reading time did not change.

/// Limits malloc to one arena per core for the rest of the process (glibc only; elsewhere it
/// does nothing). Call once at start-up, before threads are started.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn share_arenas() {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let arenas = i32::try_from(cores).unwrap_or(i32::MAX).max(1);
    #[expect(
        unsafe_code,
        reason = "`mallopt` only sets a number in glibc's allocator settings: no pointer is \
                  passed, and it is called before the viewer starts its threads"
    )]
    // SAFETY: integer arguments only; a refusal (return 0) leaves the default, which is safe.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, arenas);
    }
}

/// Elsewhere the allocator keeps its defaults.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn share_arenas() {}
