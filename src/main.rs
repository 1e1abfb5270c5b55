//! The `posedeck` binary: the viewer, or a sub-command.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::SUCCESS
}
