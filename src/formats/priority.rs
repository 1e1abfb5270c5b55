//! Background parsing gives way to the window: the threads that read a clip's chunks after its
//! first frame is shown run at a lower scheduling priority (a higher nice value), so on a
//! two-core machine the window thread still gets a core at once when it wakes to draw, instead
//! of waiting for a parsing thread's time slice. The total work and its throughput are the same
//! when nothing else wants the cores.

/// The nice value background parsing threads take (0 is normal, 19 the lowest priority).
pub const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's scheduling priority to [`BACKGROUND_NICE`]. On Linux the nice
/// value belongs to each thread, so only the caller is affected. Failing is harmless (the
/// thread keeps its priority), so the result is ignored.
#[cfg(target_os = "linux")]
pub fn lower_this_thread() {
    #[expect(
        unsafe_code,
        reason = "`setpriority` is a plain system call on the calling thread with integer \
                  arguments only: no memory is shared or handed over"
    )]
    // SAFETY: no pointers are passed; on Linux `who = 0` with `PRIO_PROCESS` names the
    // calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, BACKGROUND_NICE);
    }
}

/// Elsewhere the thread keeps its priority.
#[cfg(not(target_os = "linux"))]
pub fn lower_this_thread() {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(target_os = "linux")]
    fn only_the_calling_thread_is_lowered() {
        let nice_of_this_thread = || {
            let stat = std::fs::read_to_string("/proc/thread-self/stat").expect("stat");
            // Field 19 is the nice value; fields after the command's closing parenthesis.
            let after = stat.rsplit_once(')').expect("command").1;
            after
                .split_whitespace()
                .nth(16)
                .expect("nice")
                .parse::<i32>()
                .expect("number")
        };
        let before = nice_of_this_thread();
        let lowered = std::thread::spawn(move || {
            lower_this_thread();
            nice_of_this_thread()
        })
        .join()
        .expect("thread");
        assert_eq!(lowered, BACKGROUND_NICE.max(before));
        assert_eq!(
            nice_of_this_thread(),
            before,
            "the caller keeps its priority"
        );
    }
}
