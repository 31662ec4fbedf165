defmodule {= repo =} do
{$ if ash and postgres $}
  use AshPostgres.Repo, otp_app: :{= app =}

  # PostgreSQL extensions the migration generator installs; "ash-functions"
  # provides the SQL functions Ash relies on (uuid_generate_v7 among them).
  @impl true
  def installed_extensions do
    ["ash-functions", "citext"]
  end

  @impl true
  def prefer_transaction? do
    false
  end

  @impl true
  def min_pg_version do
    %Version{major: 16, minor: 0, patch: 0}
  end
{$ elif ash $}
  use AshSqlite.Repo, otp_app: :{= app =}
{$ elif postgres $}
  use Ecto.Repo,
    otp_app: :{= app =},
    adapter: Ecto.Adapters.Postgres
{$ else $}
  use Ecto.Repo,
    otp_app: :{= app =},
    adapter: Ecto.Adapters.SQLite3
{$ endif $}
end
