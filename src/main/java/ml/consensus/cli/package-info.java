/**
 * The jar's commands ({@link ml.consensus.cli.ConsensusMlCommand}): {@code serve}, {@code demo}
 * (the fever-batch demo), the validators' key and signature tools, {@code export} and the offline
 * {@code verify}. Only {@code serve} and {@code demo} start Spring; every command returns one of the
 * {@link ml.consensus.cli.ExitCode} values.
 */
package ml.consensus.cli;
