defmodule {= module =} do
  @moduledoc """
  Installs the extensions listed in `{= repo =}.installed_extensions/0`
  that no earlier migration installs.
{$ if ash_functions $}

  "ash-functions" are the SQL functions AshPostgres relies on
  (`uuid_generate_v7()`, `ash_raise_error/1`, `ash_elixir_or/2`, ...).
  Their definitions belong to ash_postgres, so this migration asks the
  installed ash_postgres for them when it runs: they always match the
  version in mix.lock.
{$ endif $}
  """

  use Ecto.Migration
{$ if ash_functions $}

  @ash_functions AshPostgres.MigrationGenerator.AshFunctions
{$ endif $}

  def up do
    {= up =}
  end

  def down do
    {= down =}
  end
{$ if ash_functions $}

  # Evaluates the `execute/1` calls ash_postgres's own migration generator
  # writes for a fresh database (`install(nil)` / `drop(nil)`).
  defp ash_functions(step) do
    if not (Code.ensure_loaded?(@ash_functions) and function_exported?(@ash_functions, step, 1)) do
      raise """
      #{inspect(@ash_functions)}.#{step}/1 is not available in this version of
      ash_postgres. Replace the body of #{__MODULE__} with the migration
      `mix ash_postgres.generate_migrations` writes for a fresh repo.
      """
    end

    @ash_functions
    |> apply(step, [nil])
    |> Code.eval_string([], __ENV__)
  end
{$ endif $}
end
