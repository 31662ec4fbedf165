defmodule {= module =} do
  use Ecto.Migration
{$ if disable_ddl_transaction $}

  @disable_ddl_transaction true
  @disable_migration_lock true
{$ endif $}
{$ if change is not none $}

  def change do
    {= change =}
  end
{$ else $}

  def up do
    {= up =}
  end

  def down do
    {= down =}
  end
{$ endif $}
end
