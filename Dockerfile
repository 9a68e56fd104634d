# Charter in production: built once in a build stage, run as the unprivileged
# `node` user with production dependencies only. See README "Run in production".
#   docker build -t charter .
#   docker run -p 3978:3978 -e NODE_ENV=production -e DATABASE_URL=… -e SLACK_SIGNING_SECRET=… charter

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY adapters ./adapters
COPY cards ./cards
COPY migrations ./migrations
COPY locales ./locales
RUN npm run build

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The compiler and type packages are dependencies so that a plain production
# install can build; the image is built already and does not carry them.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/typescript node_modules/@types

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=3978 \
    CHARTER_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY locales ./locales
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/adapters/main.js"]
