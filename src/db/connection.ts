import postgres from 'postgres';

export type Sql = postgres.Sql;
export type Db = postgres.Sql | postgres.TransactionSql;

export function createSql(url: string, max = 10): Sql {
  return postgres(url, {
    max,
    idle_timeout: 60,
    connect_timeout: 10,
    onnotice: () => {},
    transform: postgres.camel,
    connection: { application_name: 'apdesk' },
  });
}
