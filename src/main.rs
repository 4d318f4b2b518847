//! The `thesis` command: all of it lives in [`cli`].

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
