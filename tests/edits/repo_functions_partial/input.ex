defmodule Shop.Repo do
  use AshPostgres.Repo, otp_app: :shop

  def installed_extensions do
    ["ash-functions", "citext"]
  end
end
