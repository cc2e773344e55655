#![allow(dead_code)]

//! A small VSee-like spec shared by the integration tests.

pub const MINI: &str = r##"openapi: 3.0.3
info:
  title: Mini VSee
  version: "1"
servers:
  - url: https://api.vseepreview.com/vc/next/api_v3
  - url: https://api.vseepreview.com/vc/stable/api_v3
  - url: https://{account}.vsee.me/api_v3
    variables:
      account:
        default: clinic
security:
  - ApiToken: []
paths:
  /visits:
    get:
      operationId: list_visits
      summary: List visits
      parameters:
        - name: page
          in: query
          schema:
            type: integer
            example: 2
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/VisitList'
              example:
                data:
                  - id: 7727
                    status: open
        4XX:
          $ref: '#/components/responses/Error'
    post:
      operationId: create_appointment
      summary: Create an appointment
      requestBody:
        required: true
        content:
          application/json:
            schema:
              $ref: '#/components/schemas/NewVisit'
          application/x-www-form-urlencoded:
            schema:
              $ref: '#/components/schemas/NewVisit'
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                additionalProperties: {}
                properties:
                  data:
                    $ref: '#/components/schemas/Visit'
              example:
                data:
                  id: 1
                  status: open
  /visits/{id}:
    parameters:
      - $ref: '#/components/parameters/VisitId'
    get:
      operationId: get_visit
      summary: Get a visit
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Visit'
              example:
                id: 7727
                status: open
    post:
      operationId: update_appointment
      summary: Update an appointment
      parameters:
        - name: version
          in: query
          required: true
          schema:
            type: string
            enum: ["2"]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Visit'
              examples:
                updated:
                  value:
                    id: "7727"
                    status: closed
  /visits/close:
    post:
      operationId: close_visit
      summary: Close a visit
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Visit'
              example: {id: 1, status: closed}
  /visits/current:
    get:
      operationId: get_current_visit
      summary: Current visit
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Visit'
              example: {id: 1, status: open}
  /visits/{id}/exports/visit_summary:
    get:
      operationId: export_visit_summary
      summary: Export a visit summary
      parameters:
        - $ref: '#/components/parameters/VisitId'
      responses:
        "200":
          description: a PDF
          content:
            application/pdf:
              schema:
                type: string
                format: binary
components:
  securitySchemes:
    ApiToken:
      type: apiKey
      in: header
      name: X-ApiToken
  parameters:
    VisitId:
      name: id
      in: path
      required: true
      schema:
        $ref: '#/components/schemas/StringOrInt'
  responses:
    Error:
      description: error
      content:
        application/json:
          schema:
            $ref: '#/components/schemas/ApiError'
  schemas:
    StringOrInt:
      oneOf:
        - type: integer
          format: int64
        - type: string
    Visit:
      type: object
      additionalProperties: {}
      required: [id]
      properties:
        id:
          $ref: '#/components/schemas/StringOrInt'
        status:
          type: string
          enum: [open, closed]
          nullable: true
        note:
          type: string
          nullable: true
          example: bring ID
          x-internal: true
    VisitList:
      type: object
      additionalProperties: {}
      properties:
        data:
          type: array
          items:
            $ref: '#/components/schemas/Visit'
    NewVisit:
      type: object
      additionalProperties: false
      properties:
        reason:
          type: string
    ApiError:
      type: object
      additionalProperties: {}
      properties:
        code:
          type: integer
        message:
          type: string
"##;

pub fn mini() -> vsee_spec::Spec {
    match vsee_spec::load_str("mini.yaml", MINI) {
        Ok(spec) => spec,
        Err(err) => panic!("the test spec must load:\n{err}"),
    }
}

/// Loads text that must fail and returns the error.
pub fn load_err(text: &str) -> vsee_spec::SpecError {
    match vsee_spec::load_str("t.yaml", text) {
        Ok(_) => panic!("expected the spec to be rejected"),
        Err(err) => err,
    }
}

/// A minimal valid document around `paths` and `components` snippets (indented by 2).
pub fn doc(paths: &str, components: &str) -> String {
    format!(
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n{paths}\ncomponents:\n{components}\n"
    )
}
