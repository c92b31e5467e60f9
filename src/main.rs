//! The `sanctiondb` command: parses flags, runs a subcommand, maps errors to
//! exit codes. The work is done by the library.

mod cmd;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc rather than the system allocator: searching and answering
/// make many small, short-lived allocations from several threads at once.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        // The reader went away (`export | head`): it has what it wanted.
        Err(err) if cmd::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("sanctiondb: error: {}", cmd::error_text(&err));
            ExitCode::from(cmd::exit_code_for(&err))
        }
    }
}
