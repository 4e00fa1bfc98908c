package org.tilestereo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `tilestereo` command: its subcommands do the work; bin/tilestereo runs this class. */
@Command(name = "tilestereo", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Converts 2D photos into stereo 3D from monocular depth.",
        subcommands = {Convert.class, Bench.class, PlanCommand.class, Info.class, SelfTestCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. 'tilestereo convert --help'");
    }

    public static void main(String[] args) {
        System.exit(Cli.execute(new Main(), args));
    }
}
