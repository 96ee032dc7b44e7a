//! The `blogen` binary: parses the command line and hands over to `blogen::cli`.

use clap::Parser;

fn main() {
    let cli = blogen::cli::Cli::parse();
    std::process::exit(blogen::cli::run(cli));
}
