//! The `casebook` binary: parses the command line, then opens the app or runs a subcommand.
// A GUI app on Windows: no console window opens with it. Subcommands attach to the console of
// the terminal they were started from (see `attach_to_parent_console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

mod cli;

use casebook::ui::{Startup, run};
use clap::Parser;
use cli::{Cli, CliCommand, check, check_text, export, generate};
use std::process::ExitCode;

fn main() -> ExitCode {
    let launched = std::time::Instant::now();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.len() > 1 {
        attach_to_parent_console();
    }
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return if error.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        Some(CliCommand::Check { file, text: false }) => {
            check(&file, &mut std::io::stdout().lock())
        }
        Some(CliCommand::Check { file, text: true }) => {
            check_text(&file, &mut std::io::stdout().lock())
        }
        Some(CliCommand::Export {
            file,
            map,
            timeline,
            lanes,
            stix,
            misp,
            briefing,
            output,
            tlp,
            title,
            judgments,
            leave_out,
            include,
            record,
        }) => export(
            &file,
            &cli::ExportRequest {
                map: map.as_deref(),
                timeline: timeline.as_deref(),
                lanes,
                stix: stix.as_deref(),
                misp: misp.as_deref(),
                briefing: briefing.zip(output.as_deref()).map(|(format, output)| {
                    cli::BriefingRequest {
                        format: format.into(),
                        output,
                        tlp,
                        title: title.as_deref(),
                        judgments: &judgments,
                        leave_out: &leave_out,
                        include: &include,
                        record,
                    }
                }),
                tlp,
            },
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Some(CliCommand::Import {
            bundle,
            output,
            unmarked,
            ours,
        }) => cli::import(
            &bundle,
            &output,
            unmarked,
            &ours,
            &mut std::io::stdout().lock(),
        ),
        Some(CliCommand::Generate {
            actors,
            seed,
            placed,
            prose,
            output,
        }) => generate(
            casebook::synthetic::SyntheticSpec {
                actors,
                seed,
                placed,
            },
            prose,
            &output,
            &mut std::io::stdout().lock(),
        ),
        Some(CliCommand::Diff { a, b }) => {
            return exit_code(
                cli::diff(&a, &b, &mut std::io::stdout().lock()).map(u8::from),
                2,
            );
        }
        Some(CliCommand::Merge {
            base,
            ours,
            theirs,
            output,
        }) => {
            let merged = cli::merge(
                &base,
                &ours,
                &theirs,
                output.as_deref(),
                &mut std::io::stdout().lock(),
            );
            return exit_code(merged.map(|conflicts| u8::from(conflicts > 0)), 2);
        }
        Some(CliCommand::Taxii { action }) => {
            return exit_code(
                cli::taxii::run(
                    action,
                    &mut std::io::stdout().lock(),
                    &mut std::io::stderr().lock(),
                ),
                1,
            );
        }
        Some(CliCommand::Overlap { case, event, top }) => cli::technical::overlap(
            &case,
            event.as_deref(),
            top,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Some(CliCommand::Reference { action }) => cli::technical::reference(
            action,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Some(CliCommand::Navigator { action }) => cli::technical::navigator(
            action,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
        Some(CliCommand::SaveRepeatedly { file, times }) => {
            cli::save_repeatedly(&file, times, &mut std::io::stdout().lock())
        }
        None => run(
            Startup {
                file: cli.file,
                notice: None,
                data_dir: casebook::store::data_dir(),
                launched: Some(launched),
                typed_paths: cli.typed_paths,
                renderer: None,
            },
            cli.renderer,
        ),
    };
    exit_code(result.map(|()| 0), 1)
}

/// The exit code of a command: the code it answers with (0, or 1 as `diff` answers "they
/// differ"), or `on_error` with the error printed.
fn exit_code(result: anyhow::Result<u8>, on_error: u8) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        // A reader that stops early (`casebook check big.json | head`) is not an error.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!(
                "casebook: error: {}",
                cli::shown(&cli::error_report(&error))
            );
            ExitCode::from(on_error)
        }
    }
}

/// On Windows, a GUI-subsystem program has no console; when started from a terminal with
/// arguments, attach to that terminal so subcommands print where the user can read them.
#[cfg(windows)]
#[allow(
    unsafe_code,
    reason = "AttachConsole is a plain Win32 call with no pointer arguments"
)]
fn attach_to_parent_console() {
    const ATTACH_PARENT_PROCESS: u32 = u32::MAX;
    #[link(name = "kernel32")]
    unsafe extern "system" {
        fn AttachConsole(process_id: u32) -> i32;
    }
    // SAFETY: AttachConsole takes a process id by value and touches no memory of ours; failure
    // (no parent console, or output already redirected) is harmless.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}

#[cfg(not(windows))]
fn attach_to_parent_console() {}
